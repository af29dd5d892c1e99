// Keeps what a person types into a long form (the agency return, the outcome sections, the referral) as a
// server-side draft, so a timeout or a closed tab does not lose it. Saves 2.5 seconds after typing stops,
// and at once when the timeout warning opens ("sr:session-warning" from static/app/timeout.js). The form
// page puts the draft back, with a banner, when it is opened again. Saving is not activity for the idle
// timeout (the keep-alive is). Without scripts nothing is saved early and the form works as before.
const form = document.querySelector("form[data-autosave-url]");

if (form) {
  const url = form.dataset.autosaveUrl;
  const DEBOUNCE_MILLISECONDS = 2500;
  let timer = null;
  let inFlight = null;
  let submitting = false;

  const fields = () => {
    const values = {};
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") continue; // never tokens or files
      (values[name] ||= []).push(value);
    }
    return values;
  };

  let lastSent = JSON.stringify(fields()); // what the page already shows is saved (or already a draft)

  const save = async () => {
    clearTimeout(timer);
    timer = null;
    if (submitting) return;
    const current = fields();
    const body = JSON.stringify(current);
    if (body === lastSent) return;
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const attempt = fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ path: window.location.pathname, fields: current }),
    })
      .then((response) => {
        if (response.ok) lastSent = body;
      })
      .catch(() => {
        // Offline: the next pause in typing tries again.
      });
    inFlight = attempt;
    await attempt;
    if (inFlight === attempt) inFlight = null;
  };

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MILLISECONDS);
  };

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  document.addEventListener("sr:session-warning", save);

  // Saving the form deletes its draft on the server: a draft save still on its way must arrive first, or it
  // would bring the draft back after the save.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (submitting) return;
    submitting = true;
    if (inFlight) {
      event.preventDefault();
      const submitter = event.submitter;
      inFlight.finally(() => form.requestSubmit(submitter));
    }
  });
}
