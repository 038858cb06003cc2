// Lint for the scripts the graph pages run (readinglist/static); vis-network's bundled build is not ours.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  { ignores: ["readinglist/static/vis-network-*/**", "node_modules/**"] },
  js.configs.recommended,
  {
    files: ["readinglist/static/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, vis: "readonly" },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ["readinglist/static/component.js"], languageOptions: { sourceType: "module" } },
  { files: ["eslint.config.js"], languageOptions: { sourceType: "commonjs", globals: globals.node } },
];
