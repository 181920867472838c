export { Slot, composeRefs, mergeProps } from './shared/slot.js';
export type { ReadableStore } from './shared/use-store-slice.js';

export { StreamText, isActiveStatus, defaultStreamTextMessages } from './stream-text/stream-text.js';
export type {
  AnnouncePolicy,
  StreamTextProps,
  StreamTextRootProps,
  StreamTextContentProps,
  StreamTextCaretProps,
  StreamTextStatusProps,
  StreamTextMessages,
} from './stream-text/stream-text.js';

export { ProgressBar, progressFraction } from './progress-bar/progress-bar.js';
export type { ProgressBarRootProps, ProgressBarIndicatorProps, ProgressBarState } from './progress-bar/progress-bar.js';

export { StreamError, describeError } from './stream-error/stream-error.js';
export type { StreamErrorProps, StreamErrorRootProps, StreamErrorRetryProps, StreamErrorDetailsProps, ErrorLike, StreamErrorState } from './stream-error/stream-error.js';
export { defaultErrorMessages } from './stream-error/messages.js';
export { redactSecrets } from './stream-error/redact.js';

export { PartialJSON } from './partial-json/partial-json.js';
export type { PartialJSONProps, PartialJSONNodeState } from './partial-json/partial-json.js';
export { completionOf, isPathPrefix, getAtPath } from './shared/json-path.js';
export type { JSONPath, CompletionSource } from './shared/json-path.js';

export { JSONForm } from './json-form/json-form.js';
export type { JSONFormProps, JSONFormFieldState } from './json-form/json-form.js';
export { resolveJSONSchema } from './json-form/schema.js';
export type { JSONSchema } from './json-form/schema.js';

export { PipelineProgress, defaultPipelineLabels } from './pipeline-progress/pipeline-progress.js';
export type { PipelineProgressProps, PipelineProgressRootProps, PipelineProgressLabels, PipelineStepViewProps, PipelineProgressStepsProps } from './pipeline-progress/pipeline-progress.js';
export { formatDuration } from './pipeline-progress/format.js';

// StreamMarkdown lives in the `streamkit/markdown` entry (optional `streamdown` peer); the link policy is shared.
export { allowedUrl, DEFAULT_LINK_PROTOCOLS, DEFAULT_IMAGE_PROTOCOLS } from './stream-markdown/url-policy.js';
export type { UrlPolicy } from './stream-markdown/url-policy.js';
