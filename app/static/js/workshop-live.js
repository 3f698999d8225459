// Keeps the facilitator's and the presenter's workshop views up to date without reloading.
//
// The page works without this: it has a Refresh link. With it, every couple of seconds the
// page asks its region's JSON address for the region's HTML, a status line and a key; the
// region is replaced only when the key changes (so nothing moves while nothing changes), and
// the status line, an aria-live region, is updated in place so screen readers hear the count.

const INTERVAL_MS = 2000

function start (region) {
  const url = region.dataset.liveUrl
  const status = document.getElementById(region.dataset.liveStatus || '')
  const updatesTitle = region.dataset.liveTitle === 'true'
  let key = region.dataset.liveKey || null
  let stopped = false

  async function poll () {
    if (stopped) return
    if (document.visibilityState !== 'hidden') {
      try {
        const response = await fetch(url, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store',
          redirect: 'error'
        })
        if (response.ok) {
          const data = await response.json()
          if (data.key !== key) {
            region.innerHTML = data.html
          }
          key = data.key
          if (status && status.textContent !== data.status) {
            status.textContent = data.status
          }
          if (updatesTitle && data.title) {
            const suffix = document.title.split(' – ').slice(-1)[0]
            document.title = `${data.title} – ${suffix}`
          }
        } else if (response.status === 404 || response.status === 403) {
          stopped = true // signed out or moved on: leave the page as it is
        }
      } catch (error) {
        // Offline for a moment, or the session ended: try again next time.
      }
    }
    window.setTimeout(poll, INTERVAL_MS)
  }

  window.setTimeout(poll, INTERVAL_MS)
}

document.querySelectorAll('[data-live-url]').forEach(start)
