/**
 * @module Staff sign-in shared by /admin and /ops: the ADMIN_API_KEY pasted, or a staff user's
 * sign-in (POST /v1/auth/login). `check` proves the credential on a route of the page's role.
 */
import { announce, api, clearStaff, explain, setStaff, staff } from './app.js'

/**
 * Shows the sign-in forms until a credential passes `check(token)`, then calls `ready(session)`.
 * `stored` tells a credential kept from earlier (which may have expired) from one just typed.
 */
export function staffGate({ check, ready, role }) {
  const signin = document.getElementById('staff-signin')
  const who = document.getElementById('staff-who')
  const use = async (token, label, stored = false) => {
    try {
      await check(token)
    } catch (error) {
      clearStaff()
      signin.hidden = false
      who.hidden = true
      announce(refusal(error, role, stored), 'error')
      return
    }
    const session = { token, label }
    setStaff(session)
    signin.hidden = true
    who.hidden = false
    // A refusal from an earlier attempt must not stay on screen once signed in.
    announce(`Signed in with ${label}.`, 'ok')
    document.getElementById('staff-label').textContent = `Signed in with ${label}.`
    ready(session)
  }
  document.getElementById('key-form').addEventListener('submit', (event) => {
    event.preventDefault()
    use(event.currentTarget.elements.key.value.trim(), 'the admin API key')
  })
  document.getElementById('staff-login-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const form = event.currentTarget
    try {
      const { user, token } = await api('/v1/auth/login', {
        method: 'POST',
        body: { email: form.elements.email.value.trim(), password: form.elements.password.value },
      })
      use(token, `${user.email} (${user.role})`)
    } catch (error) {
      announce(`Not signed in: ${explain(error)}`, 'error')
    }
  })
  document.getElementById('staff-signout').addEventListener('click', () => {
    clearStaff()
    location.reload()
  })
  const session = staff()
  if (session) use(session.token, session.label, true)
  else signin.hidden = false
}

/** Why a credential was refused, in words that fit whether it was typed now or kept from before. */
function refusal(error, role, stored) {
  if (error?.status === 403) return `That credential does not have the ${role} role.`
  if (error?.status === 401)
    return stored
      ? 'Your staff session has ended. Sign in again below.'
      : 'That key or token was not accepted. Check it and try again.'
  return `Not signed in: ${explain(error)}`
}
