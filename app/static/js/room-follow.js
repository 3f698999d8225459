// Keeps a participant's phone with the room (docs/live-updates.md).
//
// Every second the page asks /join/<code>/room where the room is. When the answer's key
// changes (the facilitator opened another descriptor, the results began to show, a new round
// started, the score was agreed) the phone goes to the page for it, and compares the room there
// with the key it came for, not the newer one the page may have been drawn with; once the
// workshop has closed, or the browser has left it, it reloads to the page that says so. If the
// person has started changing their answer, nothing is thrown away: a notice with a link says
// what happened.
// Without JavaScript the waiting page refreshes itself and every page has links.

const INTERVAL_MS = 1000
// The key the phone had when it went to a page by following the room, kept for that page: the
// page may be drawn after the room has moved again, with the newer key, and would then believe
// itself up to date and stay behind.
const FOLLOWED = 'ehsg-room-followed'

function followTo (roomUrl, state) {
  try {
    const page = new URL(state.url, window.location.href).pathname
    window.sessionStorage.setItem(FOLLOWED, JSON.stringify({ room: roomUrl, page, key: state.key }))
  } catch (error) {
    // No session storage: the page's own key is used, as before.
  }
  window.location.assign(state.url)
}

function followedKey (roomUrl) {
  try {
    const kept = JSON.parse(window.sessionStorage.getItem(FOLLOWED) || 'null')
    window.sessionStorage.removeItem(FOLLOWED)
    if (kept && kept.room === roomUrl && kept.page === window.location.pathname) return kept.key
  } catch (error) {
    // Nothing kept, or nothing readable.
  }
  return null
}

function notice (text, url, linkText) {
  let box = document.getElementById('room-notice')
  if (!box) {
    box = document.createElement('div')
    box.id = 'room-notice'
    box.className = 'govuk-inset-text app-room-notice'
    box.setAttribute('role', 'status')
    const main = document.querySelector('main') || document.body
    main.insertBefore(box, main.firstChild)
  }
  box.textContent = ''
  const p = document.createElement('p')
  p.className = 'govuk-body govuk-!-margin-bottom-0'
  p.append(text + ' ')
  const a = document.createElement('a')
  a.className = 'govuk-link'
  a.href = url
  a.textContent = linkText
  p.append(a)
  box.append(p)
}

function describe (state, here) {
  if (state.descriptor !== here) return [`The room has moved on to ${state.descriptor}.`, `Go to ${state.descriptor}`]
  if (state.shown) return ['The results are showing.', 'See the results']
  return ['Something changed for this descriptor.', 'See what changed']
}

function start (marker) {
  const url = marker.dataset.roomUrl
  const here = marker.dataset.roomHere || ''
  let key = followedKey(url) || marker.dataset.roomKey
  let typing = false
  document.querySelectorAll('form').forEach((form) => {
    form.addEventListener('input', () => { typing = true })
    form.addEventListener('change', () => { typing = true })
    form.addEventListener('submit', () => { typing = false; key = null })
  })

  async function poll () {
    if (key === null) return // the person is sending their answer: the next page takes over
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'manual'
      })
      if (key === null) return // sent while this request was on its way
      if (response.status === 410 || response.type === 'opaqueredirect') {
        // Closed, or this browser is no longer in the workshop (its session ended): the page
        // itself now says so, or asks them to join again.
        window.location.reload()
        return
      } else if (!response.ok) {
        if (response.status === 404) return // the code opens nothing: leave the page as it is
      } else {
        const state = await response.json()
        // The person sent their answer while this request was on its way: leave the page to
        // the form, or the answer would be cut off by going elsewhere.
        if (key === null) return
        if (state.key !== key && state.url) {
          if (typing) {
            const [text, linkText] = describe(state, here)
            notice(text, state.url, linkText)
          } else {
            followTo(url, state)
            return
          }
        }
        key = state.key
      }
    } catch (error) {
      // Offline for a moment: try again next time.
    }
    window.setTimeout(poll, INTERVAL_MS)
  }

  window.setTimeout(poll, INTERVAL_MS)
}

const marker = document.getElementById('room-follow')
if (marker) start(marker)
