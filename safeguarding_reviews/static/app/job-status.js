// Job status pages (a Word export, a report generation): instead of reloading the page (WCAG 2.2.2),
// ask the same URL for JSON every few seconds, put the server-rendered status in place and announce
// what changed in the polite live region. The server does not count these polls as activity, so the
// idle timeout still runs. Without scripts the page offers a "Check again" link.
const region = document.getElementById("job-status");
const announcement = document.getElementById("job-status-announcement");

if (region && announcement) {
  const url = region.dataset.statusUrl;
  const pollMilliseconds = Math.max(2, Number(region.dataset.pollSeconds) || 5) * 1000;
  let lastStatus = region.dataset.status;
  let lastHtml = null;
  let failures = 0;

  const poll = async () => {
    let body = null;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        redirect: "error",
      });
      if (response.status === 401 || response.status === 404 || response.status === 403) return; // stop
      if (response.ok) body = await response.json();
    } catch {
      body = null; // offline or signed out: try again later, more slowly
    }
    if (body === null) {
      failures += 1;
      if (failures < 10) setTimeout(poll, pollMilliseconds * (failures + 1));
      return;
    }
    failures = 0;
    if (body.html !== lastHtml) {
      lastHtml = body.html;
      region.innerHTML = body.html; // rendered and escaped by Django
    }
    if (body.status !== lastStatus) {
      // Announce a change of status, not every step of progress: often enough to act on, no more.
      lastStatus = body.status;
      announcement.textContent = body.announcement;
    }
    if (!body.finished) setTimeout(poll, pollMilliseconds);
  };

  setTimeout(poll, pollMilliseconds);
}
