/* The app's graph component (st.components.v2): draws with readinglistDraw and sends a clicked node to Python.
 * Streamlit imports this module from the package's static folder; it loads vis-network and lineage.js beside it. */
import "./vis-network-9.1.2/vis-network.min.js";
import "./lineage.js";

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector("#readinglist-graph");
  if (root.__network) root.__network.destroy();
  const network = window.readinglistDraw(root, data, (id) => setTriggerValue("selected", id));
  root.__network = network;
  return () => network.destroy();
}
