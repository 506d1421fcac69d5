/** @module Sign in, register (POST /v1/auth/*) and sign out; then back to where the shopper came from. */
import { announce, api, clearShopper, explain, setShopper, shopper } from './app.js'

const next = safeNext(new URLSearchParams(location.search).get('next'))

render()
document
  .getElementById('login-form')
  .addEventListener('submit', (event) => submit(event, '/v1/auth/login'))
document
  .getElementById('register-form')
  .addEventListener('submit', (event) => submit(event, '/v1/auth/register'))
document.getElementById('sign-out').addEventListener('click', () => {
  clearShopper()
  render()
  announce('Signed out.', 'ok')
})

function render() {
  const session = shopper()
  document.getElementById('signed-in').hidden = !session
  document.getElementById('signed-out').hidden = Boolean(session)
  document.getElementById('who').textContent = session
    ? `${session.user.name ?? session.user.email} (${session.user.email})`
    : ''
  document.getElementById('account-link').textContent = session
    ? `Account (${session.user.email})`
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
    const { user, token } = await api(path, { method: 'POST', body })
    setShopper({ user, token })
    location.assign(next)
  } catch (error) {
    announce(explain(error), 'error')
    form.elements.email.focus()
  }
}

/** Only a path on this site: `?next=` must not send the shopper elsewhere. */
function safeNext(value) {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/'
}
