// @posthog/agent-toolkit's feature flag tools against a live mockhog:
// `node agent_flags.mjs <url> <personal api key> <steps json>`, steps being [[tool name, params], ...].
// Each tool's params go through its own zod schema first, as an agent's MCP server does. Prints the
// text each tool answered, in order, as a JSON list; exits 1 when a tool is missing or throws.
import { PostHogAgentToolkit } from '@posthog/agent-toolkit'

const [url, apiKey, stepsJson] = process.argv.slice(2)
if (!url || !apiKey || !stepsJson) {
  console.error('usage: node agent_flags.mjs <url> <personal api key> <steps json>')
  process.exit(2)
}
const toolkit = new PostHogAgentToolkit({ posthogApiToken: apiKey, posthogApiBaseUrl: url })
const context = toolkit.getContext()
const tools = await toolkit.getTools()
const answers = []
for (const [name, params] of JSON.parse(stepsJson)) {
  const tool = tools.find((candidate) => candidate.name === name)
  if (!tool) {
    console.error(`no ${name} among the ${tools.length} tools the key's scopes allow`)
    process.exit(1)
  }
  const answer = await tool.handler(context, tool.schema.parse(params))
  answers.push(answer.content[0].text)
}
console.log(JSON.stringify(answers))
