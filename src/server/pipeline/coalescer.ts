/** Pending progress of one step between flushes. Tokens are kept as an array (joined once at flush). */
interface PendingProgress {
  stepId: string;
  progress?: number;
  message?: string;
  tokens: string[];
}

export interface ProgressCoalescer {
  progress(stepId: string, value: number | undefined, message: string | undefined, token: string | undefined): void;
  /** Emits whatever is pending now (call before any other event so order is preserved). */
  flush(): void;
  dispose(): void;
}

/**
 * Coalesces a step's progress and token events: within one interval the latest progress/message win
 * and tokens are concatenated, so a fast token stream costs one event per interval. With an
 * interval of 0 every call is emitted at once.
 */
export function createProgressCoalescer(
  intervalMs: number,
  emit: (stepId: string, data: Record<string, unknown>) => void,
): ProgressCoalescer {
  let pending: PendingProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const toData = (p: { progress?: number | undefined; message?: string | undefined; token?: string | undefined }) => {
    const data: Record<string, unknown> = {};
    if (p.progress !== undefined) data['progress'] = p.progress;
    if (p.message !== undefined) data['message'] = p.message;
    if (p.token !== undefined) data['token'] = p.token;
    return data;
  };

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const { stepId, progress, message, tokens } = pending;
    pending = undefined;
    emit(stepId, toData({ progress, message, token: tokens.length > 0 ? tokens.join('') : undefined }));
  };

  return {
    progress(stepId, value, message, token) {
      if (intervalMs <= 0) {
        emit(stepId, toData({ progress: value, message, token }));
        return;
      }
      if (pending && pending.stepId !== stepId) flush();
      pending ??= { stepId, tokens: [] };
      if (value !== undefined) pending.progress = value;
      if (message !== undefined) pending.message = message;
      if (token !== undefined) pending.tokens.push(token);
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
