import type { SampleAnswer } from '../samples.js';

/** One wire event of a simulated provider: its exact bytes, and whether it carries a token (paced). */
export interface Frame {
  text: string;
  paced: boolean;
}

export interface ProviderStreamInput {
  answer: SampleAnswer;
  prompt: string;
  /** Characters per content event (the `chunk` knob), else token-sized pieces. */
  chunk?: number;
  /** Stream the reasoning channel where the provider has one. */
  reasoning: boolean;
}

/** Random alphanumeric id part, as providers use them. */
export function randomId(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** `data: <json>\n\n` (OpenAI chat and compatible servers). */
export function dataFrame(payload: unknown, paced: boolean): Frame {
  return { text: `data: ${JSON.stringify(payload)}\n\n`, paced };
}

/** `event: <type>\ndata: <json>\n\n` (Responses API, Anthropic). */
export function namedFrame(event: string, payload: unknown, paced: boolean): Frame {
  return { text: `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`, paced };
}

/** The tool arguments as the model streams them: compact JSON text. */
export function toolArgsText(args: Record<string, unknown>): string {
  return JSON.stringify(args);
}

export type ProviderStream = (input: ProviderStreamInput) => Frame[];
