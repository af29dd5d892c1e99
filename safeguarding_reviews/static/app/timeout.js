// GOV.UK-pattern session timeout warning. Opens a modal <dialog> SESSION_WARNING_SECONDS before the
// idle limit, counts down, and either keeps the session alive ("Stay signed in") or, at zero, goes to
// the timed-out page. Before opening, and before leaving, it asks the server how much time is really
// left (a passive check that does not count as activity), so another tab's activity is respected.
//
// Typing, clicking, tapping and scrolling with the wheel are activity: the page tells the server with the
// keep-alive POST, at most once every data-keep-alive-seconds (a minute), and only after real input since
// the last one. Nothing else (a page that polls for a job's status, a draft being saved) keeps the session
// alive. When the warning opens the page announces "sr:session-warning" so forms save what was typed
// (static/app/autosave.js).
const dialog = document.getElementById("timeout-dialog");

if (dialog && typeof dialog.showModal === "function") {
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const warningSeconds = Math.min(Number(dialog.dataset.warningSeconds), idleSeconds);
  const statusUrl = dialog.dataset.statusUrl;
  const timedOutUrl = dialog.dataset.timedOutUrl;
  const form = document.getElementById("timeout-keep-alive-form");
  const countdown = document.getElementById("timeout-countdown");
  const announcement = document.getElementById("timeout-announcement");
  const keepAliveMilliseconds = Math.max(1, Number(dialog.dataset.keepAliveSeconds) || 60) * 1000;

  let warnTimer = null;
  let tickTimer = null;
  let deadline = 0; // ms timestamp when the session runs out
  let lastAnnounced = null;
  let returnFocusTo = null;

  const describe = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  // Screen readers hear the time at the start, at each whole minute, and at 30 and 10 seconds:
  // often enough to act on, not so often that it drowns out everything else.
  const announce = (seconds) => {
    const moment = seconds >= 60 ? `m${Math.ceil(seconds / 60)}` : seconds <= 10 ? "s10" : seconds <= 30 ? "s30" : "s60";
    if (moment !== lastAnnounced) {
      lastAnnounced = moment;
      announcement.textContent = `You will be signed out in ${describe(seconds)}.`;
    }
  };

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  const fetchStatus = async () => {
    try {
      const response = await fetch(statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.status === 401) return { signedIn: false, remaining: 0 };
      if (!response.ok) return null;
      const body = await response.json();
      return { signedIn: Boolean(body.signed_in), remaining: Number(body.seconds_remaining) };
    } catch {
      return null; // offline: trust our own clock
    }
  };

  const goToTimedOut = () => {
    // Path only: query strings can hold search terms, and search terms can be names.
    const next = encodeURIComponent(window.location.pathname);
    window.location.assign(`${timedOutUrl}?next=${next}`);
  };

  const schedule = (secondsUntilTimeout) => {
    clearTimeout(warnTimer);
    deadline = Date.now() + secondsUntilTimeout * 1000;
    const wait = Math.max(0, secondsUntilTimeout - warningSeconds);
    warnTimer = setTimeout(checkThenWarn, wait * 1000);
  };

  const trapFocus = (event) => {
    if (event.key !== "Tab") return;
    const focusable = Array.from(dialog.querySelectorAll("button, [href], input:not([type=hidden])")).filter(
      (element) => !element.disabled,
    );
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const tick = async () => {
    const seconds = secondsLeft();
    countdown.textContent = describe(seconds);
    announce(seconds);
    if (seconds <= 0) {
      clearInterval(tickTimer);
      const status = await fetchStatus();
      if (status && status.signedIn && status.remaining > 0) {
        closeDialog();
        schedule(status.remaining); // kept alive in another tab
      } else {
        goToTimedOut();
      }
    }
  };

  const openDialog = (secondsUntilTimeout) => {
    deadline = Date.now() + secondsUntilTimeout * 1000;
    lastAnnounced = null;
    if (!dialog.open) {
      document.dispatchEvent(new CustomEvent("sr:session-warning"));
      returnFocusTo = document.activeElement;
      dialog.showModal();
      dialog.focus();
    }
    tick();
    clearInterval(tickTimer);
    tickTimer = setInterval(tick, 1000);
  };

  const closeDialog = () => {
    clearInterval(tickTimer);
    announcement.textContent = "";
    if (dialog.open) dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") returnFocusTo.focus();
  };

  async function checkThenWarn() {
    const status = await fetchStatus();
    if (status && !status.signedIn) {
      goToTimedOut();
    } else if (status && status.remaining > warningSeconds + 2) {
      schedule(status.remaining); // someone was active in another tab
    } else {
      openDialog(status ? status.remaining : warningSeconds);
    }
  }

  const keepAlive = () =>
    fetch(form.action, {
      method: "POST",
      headers: { "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value, Accept: "application/json" },
      credentials: "same-origin",
    });

  let lastKeepAlive = Date.now(); // loading the page was activity
  let keepAliveTimer = null;

  const sendActivity = async () => {
    keepAliveTimer = null;
    if (dialog.open) return; // once warned, only "Stay signed in" keeps the session
    lastKeepAlive = Date.now();
    try {
      const response = await keepAlive();
      if (response.ok) schedule(idleSeconds);
      // Refused (already signed out): the warning's own status check takes the page to the signed-out page.
    } catch {
      // Offline: the warning will still come; typing later tries again.
    }
  };

  // Real input since the last keep-alive: tell the server, now if a minute has passed, otherwise when it has
  // (so input just after a keep-alive still counts). Never more often than that.
  const noteActivity = () => {
    if (dialog.open || keepAliveTimer !== null) return;
    const wait = Math.max(0, lastKeepAlive + keepAliveMilliseconds - Date.now());
    keepAliveTimer = setTimeout(sendActivity, wait);
  };
  for (const type of ["keydown", "input", "pointerdown", "wheel", "touchstart"]) {
    document.addEventListener(type, noteActivity, { capture: true, passive: true });
  }

  const staySignedIn = async () => {
    try {
      const response = await keepAlive();
      if (!response.ok) {
        goToTimedOut();
        return;
      }
      lastKeepAlive = Date.now();
      closeDialog();
      schedule(idleSeconds);
    } catch {
      // Network trouble: leave the dialog open; the user can try again.
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  dialog.addEventListener("keydown", trapFocus);
  // Escape means "I'm still here", as in the GOV.UK pattern.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });

  schedule(idleSeconds);
}
