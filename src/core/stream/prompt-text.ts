/** Text of the prompt in a request body, for estimating input tokens when the provider reports none. */
export function promptTextOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.prompt === 'string') return o.prompt;
  if (typeof o.input === 'string') return o.input;
  if (Array.isArray(o.messages)) {
    const parts: string[] = [];
    for (const m of o.messages) {
      const content = (m as { content?: unknown } | null)?.content;
      if (typeof content === 'string') parts.push(content);
      else if (Array.isArray(content)) for (const c of content) if (typeof (c as { text?: unknown })?.text === 'string') parts.push((c as { text: string }).text);
    }
    return parts.join('\n');
  }
  return undefined;
}
