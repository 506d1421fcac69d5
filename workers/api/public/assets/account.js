/**
 * @module Sign in, register (POST /v1/auth/*), check out as a guest (POST /v1/guest) and sign out;
 * then back to where the shopper came from. A guest who registers or signs in with the email of
 * their guest orders presents the guest session, which moves those orders to the account.
 */
import {
  announce,
  api,
  clearShopper,
  explain,
  SESSION_COOKIE,
  sessionFrom,
  sessionLabel,
  setShopper,
  shopper,
} from './app.js'

const next = safeNext(new URLSearchParams(location.search).get('next'))

render()
document
  .getElementById('login-form')
  .addEventListener('submit', (event) => submit(event, '/v1/auth/login'))
document
  .getElementById('register-form')
  .addEventListener('submit', (event) => submit(event, '/v1/auth/register'))
document.getElementById('guest-form').addEventListener('submit', startGuest)
document.getElementById('sign-out').addEventListener('click', signOut)

function render() {
  const session = shopper()
  const account = Boolean(session?.user)
  document.getElementById('signed-in').hidden = !account
  // A guest may still sign in or register: that claims their orders.
  document.getElementById('signed-out').hidden = account
  document.getElementById('guest-form').hidden = Boolean(session)
  document.getElementById('guest-note').hidden = !session?.guest
  document.getElementById('guest-email').textContent = session?.guest?.email ?? ''
  document.getElementById('who').textContent = account
    ? `${session.user.name ?? session.user.email} (${session.user.email})`
    : ''
  document.getElementById('account-link').textContent = session
    ? `Account (${sessionLabel(session)})`
    : 'Sign in'
}

async function submit(event, path) {
  event.preventDefault()
  const form = event.currentTarget
  const body = {
    email: form.elements.email.value.trim(),
    password: form.elements.password.value,
  }
  if (form.elements.name?.value.trim()) body.name = form.elements.name.value.trim()
  try {
    const guest = await guestToken(body.email)
    if (guest) body.guestToken = guest
    const data = await api(path, { method: 'POST', body, headers: SESSION_COOKIE })
    setShopper(sessionFrom(data))
    location.assign(next)
  } catch (error) {
    announce(explain(error), 'error')
    form.elements.email.focus()
  }
}

/**
 * The guest session's token when this browser holds one for the same email (renewed first if it
 * is about to expire): it claims the guest's orders for the account. Another email claims nothing.
 */
async function guestToken(email) {
  const session = shopper()
  if (!session?.guest || session.guest.email !== email.toLowerCase()) return undefined
  // A cheap call that renews the guest token when it has run out (api() refreshes it).
  await api('/v1/cart', { token: session.token }).catch(() => undefined)
  return shopper()?.token
}

async function startGuest(event) {
  event.preventDefault()
  const form = event.currentTarget
  try {
    const data = await api('/v1/guest', {
      method: 'POST',
      body: { email: form.elements.email.value.trim() },
      headers: SESSION_COOKIE,
    })
    setShopper(sessionFrom(data))
    location.assign(next)
  } catch (error) {
    announce(explain(error), 'error')
    form.elements.email.focus()
  }
}

async function signOut() {
  const session = shopper()
  // Ends every session on the server (the refresh cookie too); forgotten here whatever it answers.
  if (session)
    await api('/v1/auth/logout', { method: 'POST', token: session.token }).catch(() => {})
  clearShopper()
  render()
  announce('Signed out.', 'ok')
}

/** Only a path on this site: `?next=` must not send the shopper elsewhere. */
function safeNext(value) {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/'
}
