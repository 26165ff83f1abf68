// Drives the reconnect dialog (Components/Layout/ReconnectModal.razor) from Blazor's reconnection events.
const modal = document.getElementById("components-reconnect-modal");
if (modal) {
  modal.addEventListener("components-reconnect-state-changed", onStateChanged);
  document.getElementById("components-reconnect-button")?.addEventListener("click", retry);
  document.getElementById("components-resume-button")?.addEventListener("click", resume);
}

function onStateChanged(event) {
  const state = event.detail.state;
  if (state === "show") {
    if (!modal.open) {
      modal.showModal();
    }
  } else if (state === "hide") {
    modal.close();
  } else if (state === "failed") {
    // Try again by itself when the person comes back to the tab.
    document.addEventListener("visibilitychange", retryWhenVisible);
  } else if (state === "rejected") {
    // The server no longer knows this circuit: only a fresh page helps.
    location.reload();
  }
}

async function retry() {
  document.removeEventListener("visibilitychange", retryWhenVisible);
  try {
    const reconnected = await Blazor.reconnect();
    if (!reconnected) {
      const resumed = await Blazor.resumeCircuit();
      if (resumed) {
        modal.close();
      } else {
        location.reload();
      }
    }
  } catch {
    document.addEventListener("visibilitychange", retryWhenVisible);
  }
}

async function resume() {
  try {
    if (!(await Blazor.resumeCircuit())) {
      location.reload();
    }
  } catch {
    location.reload();
  }
}

async function retryWhenVisible() {
  if (document.visibilityState === "visible") {
    await retry();
  }
}
