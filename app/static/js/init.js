// Starts GOV.UK Frontend's components. Everything works without it.
import { initAll } from '/assets/govuk-frontend.min.js'

initAll()
