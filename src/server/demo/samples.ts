/**
 * The demo server's own sample answers (written for this project; nothing is read from disk at run
 * time). Each kind exercises a different part of the client: prose (plain text), markdown (block
 * structure, code, tables, non-ASCII text), json (partial JSON rendering) and tool (streamed
 * tool-call arguments). Every answer also has a short reasoning text for providers that stream one.
 */

export type SampleKind = 'prose' | 'markdown' | 'json' | 'tool';
export const SAMPLE_KINDS: readonly SampleKind[] = ['prose', 'markdown', 'json', 'tool'];

export interface SampleToolCall {
  /** Stable per sample so tests can check it; providers wrap it in their own id formats. */
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface SampleAnswer {
  kind: SampleKind;
  /** The visible answer ('' for tool answers: the model only calls the tool). */
  text: string;
  /** The reasoning / thinking text (streamed by providers that have a reasoning channel). */
  reasoning: string;
  toolCall?: SampleToolCall;
}

const PROSE = [
  [
    'Streaming interfaces feel fast because they show progress the moment it exists. ',
    'Instead of waiting for a complete answer, the client renders each token as it arrives, ',
    'so the first words appear within a few hundred milliseconds even when the full reply takes several seconds.\n\n',
    'The hard parts are the edges: a connection that drops halfway, a proxy that buffers the response, ',
    'a tab that goes to sleep, or a model that pauses mid-sentence. ',
    'A robust client keeps the text it already has, resumes from the last event id when the server supports it, ',
    'and tells the user plainly what happened when it cannot.',
  ].join(''),
  [
    'A good progress indicator answers three questions: is something happening, how far along is it, and what is it doing right now. ',
    'Token streams answer the first question for free, because new text keeps arriving.\n\n',
    'Multi-step pipelines need more structure. Each step reports when it starts, how far it has come, and what it produced, ',
    'so the interface can show a checklist that fills in as the work moves forward, ',
    'and a reconnecting browser can pick up exactly where it left off.',
  ].join(''),
];

const MARKDOWN = [
  '# Streaming checklist\n\n',
  'Before shipping a **streaming** feature, walk through these points:\n\n',
  '1. Send `Cache-Control: no-cache` and disable proxy buffering.\n',
  '2. Give every event an `id` so clients can resume.\n',
  '3. Send a heartbeat comment every *15 seconds*.\n\n',
  '## Example handler\n\n',
  '```ts\n',
  'export function GET(request: Request) {\n',
  '  return sseResponse(events(), { signal: request.signal });\n',
  '}\n',
  '```\n\n',
  '| Symptom | Likely cause |\n',
  '| --- | --- |\n',
  '| Text arrives all at once | A proxy buffers the body |\n',
  '| Stream stops after 60 s | Idle timeout without heartbeats |\n\n',
  '> Non-ASCII text must survive any chunk split: café, naïve, 日本語, emoji 🚀✨.\n',
].join('');

const RECIPE = {
  title: 'Lemon herb roasted vegetables',
  servings: 4,
  prepMinutes: 15,
  vegetarian: true,
  ingredients: [
    { name: 'carrots', amount: '4 medium' },
    { name: 'red onion', amount: '1 large' },
    { name: 'zucchini', amount: '2 small' },
    { name: 'olive oil', amount: '3 tbsp' },
    { name: 'lemon', amount: '1, zested and juiced' },
  ],
  steps: [
    'Heat the oven to 220 °C.',
    'Cut the vegetables into even pieces and toss them with oil, salt and lemon zest.',
    'Roast for 25 minutes, turning once, then finish with lemon juice and herbs.',
  ],
  tags: ['side dish', 'quick', 'gluten-free'],
  rating: null,
};

const REASONING: Record<SampleKind, string> = {
  prose: 'The user wants a short explanation. Two paragraphs: why streaming feels fast, then what can go wrong and how a client copes.',
  markdown: 'A checklist reads best as markdown: a heading, a numbered list, a code sample and a small table. Keep it short.',
  json: 'The answer must be a single JSON object. Include nested arrays so the partial rendering has something to show.',
  tool: 'The user asks about the weather. I cannot know it myself, so I should call the get_weather tool with the city.',
};

const TOOL_CALL: SampleToolCall = {
  id: 'call_demo_weather_01',
  name: 'get_weather',
  args: { location: 'Lisbon, Portugal', unit: 'celsius', include: ['temperature', 'wind', 'humidity'] },
};

/** Small stable string hash (FNV-1a) to pick a variant from the prompt. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function isSampleKind(value: unknown): value is SampleKind {
  return typeof value === 'string' && (SAMPLE_KINDS as readonly string[]).includes(value);
}

/** The answer the demo server streams for a prompt and kind (deterministic, so tests can compare). */
export function sampleAnswer(kind: SampleKind = 'prose', prompt = ''): SampleAnswer {
  switch (kind) {
    case 'prose':
      return { kind, text: PROSE[hash(prompt) % PROSE.length] as string, reasoning: REASONING.prose };
    case 'markdown':
      return { kind, text: MARKDOWN, reasoning: REASONING.markdown };
    case 'json':
      return { kind, text: JSON.stringify(RECIPE, null, 2), reasoning: REASONING.json };
    case 'tool':
      return { kind, text: '', reasoning: REASONING.tool, toolCall: { ...TOOL_CALL, args: structuredClone(TOOL_CALL.args) } };
  }
}
