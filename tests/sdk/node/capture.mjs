// posthog-node against a live mockhog: `node capture.mjs <url> <token> <run> <orders> [--no-compression]`.
// An anonymous visitor orders <orders> times, identifies as <run>-user (merging the visitor), a legacy
// id is aliased to the account, the company is group-identified; then shutdown() flushes everything.
// Prints {"errors": [...]} and exits 1 when the SDK reported any error. The capture protocol follows
// POSTHOG_CAPTURE_MODE (v0 `/batch/` by default; v1 `/i/v1/analytics/events`), as the SDK reads it.
import { PostHog } from 'posthog-node'

const [url, token, run, orders, ...flags] = process.argv.slice(2)
if (!url || !token || !run || !orders) {
  console.error('usage: node capture.mjs <url> <token> <run> <orders> [--no-compression]')
  process.exit(2)
}
const errors = []
const client = new PostHog(token, {
  host: url,
  flushAt: 1000, // everything goes in the batch shutdown() sends
  flushInterval: 0,
  fetchRetryCount: 0,
  disableCompression: flags.includes('--no-compression'),
})
client.on('error', (error) => errors.push(String(error?.stack ?? error)))

const anon = `${run}-anon`
const user = `${run}-user`
const legacy = `${run}-legacy`
const company = `${run}-co`
for (let index = 0; index < Number(orders); index++) {
  client.capture({
    distinctId: anon,
    event: 'node order placed',
    properties: { plan: 'pro', amount: 42.5, index },
    groups: { company },
  })
}
client.capture({ distinctId: legacy, event: 'node legacy login' })
client.identify({
  distinctId: user,
  properties: {
    $set: { email: `${run}@hedgebank.example` },
    $set_once: { first_plan: 'pro' },
    $anon_distinct_id: anon,
  },
})
client.alias({ distinctId: user, alias: legacy })
client.capture({ distinctId: user, event: 'node checkout' })
client.groupIdentify({ groupType: 'company', groupKey: company, properties: { name: 'Acme', employees: 12 } })
await client.shutdown(10000)

console.log(JSON.stringify({ errors }))
process.exit(errors.length ? 1 : 0)
