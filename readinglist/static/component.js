/* The app's graph component (st.components.v2): draws with readinglistDraw and sends a clicked node to Python.
 * Streamlit imports this module from the package's static folder; it loads vis-network and lineage.js beside it.
 * A rerun whose data differs only in the selected paper (a click) selects it on the drawing already there: the
 * panel's details are what the click waits for, not a new drawing. What a drawing keeps between reruns is in
 * lineage.js's one state object per graph (readinglistStateOf). */
import "./vis-network-9.1.2/vis-network.min.js";
import "./lineage.js";

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector("#readinglist-graph");
  const state = window.readinglistStateOf(root);
  // Gone from the page (another page, a new element): its drawing goes too; a rerun keeps it.
  const cleanup = () => setTimeout(() => {
    if (!root.isConnected && state.network) {
      state.network.destroy();
      state.network = null;
    }
  }, 0);
  const picture = JSON.stringify({ ...data, selected: null });
  if (state.network && state.picture === picture) {
    window.readinglistSelect(root, state.network, data);
    return cleanup;
  }
  if (state.network) state.network.destroy();
  state.network = window.readinglistDraw(root, data, (id) => setTriggerValue("selected", id));
  state.picture = picture;
  return cleanup;
}
