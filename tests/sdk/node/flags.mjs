// posthog-node's local flag evaluation against a live mockhog: `node flags.mjs <url> <token> <personal key>`.
// Reads the callers (JSON list of {distinct_id, person_properties, groups?, group_properties?}) on stdin,
// loads the definitions mockhog serves, and prints, per caller, what the SDK decides locally:
// {"featureFlags": {...}, "featureFlagPayloads": {...}} (undecided flags are left out).
import { PostHog } from 'posthog-node'

const [url, token, personalApiKey] = process.argv.slice(2)
if (!url || !token || !personalApiKey) {
  console.error('usage: node flags.mjs <url> <token> <personal key>  (callers on stdin)')
  process.exit(2)
}
let input = ''
for await (const chunk of process.stdin) input += chunk
const callers = JSON.parse(input)
const errors = []
const client = new PostHog(token, {
  host: url,
  personalApiKey,
  featureFlagsPollingInterval: 3600000,
  fetchRetryCount: 0,
  flushAt: 1000,
  flushInterval: 0,
})
client.on('error', (error) => errors.push(String(error?.stack ?? error)))
const ready = await client.waitForLocalEvaluationReady(20000)
if (!ready) {
  console.error('posthog-node did not load the flag definitions', errors)
  process.exit(1)
}
const answers = []
for (const caller of callers) {
  const answer = await client.getAllFlagsAndPayloads(caller.distinct_id, {
    personProperties: caller.person_properties,
    groups: caller.groups ?? {},
    groupProperties: caller.group_properties ?? {},
    onlyEvaluateLocally: true,
  })
  answers.push({ featureFlags: answer.featureFlags ?? {}, featureFlagPayloads: answer.featureFlagPayloads ?? {} })
}
await client.shutdown()
if (errors.length) {
  console.error(errors.join('\n'))
  process.exit(1)
}
process.stdout.write(JSON.stringify(answers))
