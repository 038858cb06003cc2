/* The app's graph component (st.components.v2): draws with readinglistDraw and sends a clicked node to Python. */
export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector("#readinglist-graph");
  if (root.__network) root.__network.destroy();
  const network = window.readinglistDraw(root, data, (id) => setTriggerValue("selected", id));
  root.__network = network;
  return () => network.destroy();
}
