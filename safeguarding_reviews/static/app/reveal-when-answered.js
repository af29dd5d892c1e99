// Shows a question's reason once any answer to it is chosen (the criteria checklist).
// GOV.UK conditional reveal ties a panel to one radio, and its script hides the panel again for every other
// radio that points at it; a reason belongs to whichever answer is chosen, so this drives the same classes
// (govuk-radios__conditional, --hidden) from all the radios of the panel's fieldset. Without JavaScript the
// panel simply shows. A panel that holds text or an error is never hidden. The radios get no aria-controls:
// GOV.UK's own script would then take the panel over (and set aria-expanded, which axe refuses on a radio);
// the panel follows its radios in the page, so it is read next anyway.
export function initRevealWhenAnswered(root = document) {
  for (const panel of root.querySelectorAll("[data-reveal-when-answered]")) {
    const fieldset = panel.closest("fieldset");
    if (!fieldset) continue;
    const radios = [...fieldset.querySelectorAll('input[type="radio"]')];
    const textarea = panel.querySelector("textarea");
    revealWhile(panel, radios, "govuk-radios__conditional--hidden", () =>
      radios.some((radio) => radio.checked) || (textarea !== null && textarea.value.trim() !== ""),
    );
  }
}

// Shows the questions that belong under one answer ("Which kind of review" under "Yes") only while that
// answer is chosen: a form declares them (`reveals`) and core/templates/govuk/forms/field.html marks the panel
// with data-reveal-for="<the answer's id>". Same classes as GOV.UK's conditional reveal, but no aria-expanded
// on the radio (axe refuses it there). Without JavaScript the panel shows; a panel holding an error stays shown.
export function initRevealFor(root = document) {
  for (const panel of root.querySelectorAll("[data-reveal-for]")) {
    const answer = root.getElementById(panel.dataset.revealFor);
    if (!answer) continue;
    const group = [...root.querySelectorAll(`input[name="${CSS.escape(answer.name)}"]`)];
    const hiddenClass = answer.type === "radio" ? "govuk-radios__conditional--hidden" : "govuk-checkboxes__conditional--hidden";
    revealWhile(panel, group, hiddenClass, () => answer.checked);
  }
}

// The one sync both reveals share: the panel shows while `answered()` holds or it holds an error message, and
// is hidden otherwise (GOV.UK's conditional `hiddenClass`); checked now and whenever one of `inputs` changes.
function revealWhile(panel, inputs, hiddenClass, answered) {
  const sync = () => {
    const show = answered() || panel.querySelector(".govuk-error-message") !== null;
    panel.classList.toggle(hiddenClass, !show);
  };
  for (const input of inputs) input.addEventListener("change", sync);
  sync();
}
