// @posthog/agent-toolkit's query-run tool against a live mockhog:
// `node agent_query.mjs <url> <personal api key> <hogql>`. The toolkit finds the project itself (the
// key's scopes, the user's team), as an agent's MCP server would; the tool's input is checked by its
// own zod schema first. Prints {"tools": <count>, "results": <the tool's parsed text>}; exits 1 on error.
import { PostHogAgentToolkit } from '@posthog/agent-toolkit'

const [url, apiKey, sql] = process.argv.slice(2)
if (!url || !apiKey || !sql) {
  console.error('usage: node agent_query.mjs <url> <personal api key> <hogql>')
  process.exit(2)
}
const toolkit = new PostHogAgentToolkit({ posthogApiToken: apiKey, posthogApiBaseUrl: url })
const context = toolkit.getContext()
const tools = await toolkit.getTools()
const queryRun = tools.find((tool) => tool.name === 'query-run')
if (!queryRun) {
  console.error(`no query-run among the ${tools.length} tools the key's scopes allow`)
  process.exit(1)
}
const params = queryRun.schema.parse({
  query: { kind: 'DataVisualizationNode', source: { kind: 'HogQLQuery', query: sql } },
})
const answer = await queryRun.handler(context, params)
console.log(JSON.stringify({ tools: tools.length, results: JSON.parse(answer.content[0].text) }))
