/* The app's graph component (st.components.v2): draws with readinglistDraw and sends a clicked node to Python.
 * Streamlit imports this module from the package's static folder; it loads vis-network and lineage.js beside it.
 * A rerun whose data differs only in the selected paper (a click) selects it on the drawing already there: the
 * panel's details are what the click waits for, not a new drawing. */
import "./vis-network-9.1.2/vis-network.min.js";
import "./lineage.js";

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector("#readinglist-graph");
  // Gone from the page (another page, a new element): its drawing goes too; a rerun keeps it.
  const cleanup = () => setTimeout(() => {
    if (!root.isConnected && root.__network) root.__network.destroy();
  }, 0);
  const picture = JSON.stringify({ ...data, selected: null });
  if (root.__network && root.__picture === picture && root.__network.body) {
    window.readinglistSelect(root, root.__network, data);
    return cleanup;
  }
  if (root.__network) root.__network.destroy();
  root.__network = window.readinglistDraw(root, data, (id) => setTriggerValue("selected", id));
  root.__picture = picture;
  return cleanup;
}
