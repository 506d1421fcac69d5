/** @module Global setup of the services project: the real local Redis and MySQL must answer. */
import { requireServices } from '#dev/services/check'

/** Fails the whole run, naming what is missing, rather than letting tests skip silently. */
export default async function setup() {
  await requireServices()
}
