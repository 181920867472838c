/**
 * Hostile payloads for the security story. Each one, if it ever executed, would set
 * `window.__pwned`; the play function checks it never is and that no element or URL from a payload
 * made it into the DOM as markup.
 */
export const PWN = 'window.__pwned=1';

export const HOSTILE_STRINGS: readonly string[] = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `<svg onload="${PWN}"><script>${PWN}</script></svg>`,
  `<svg><a xlink:href="javascript:${PWN}"><text>svg link</text></a></svg>`,
  `<a href="javascript:${PWN}">click me</a>`,
  `"><iframe src="javascript:${PWN}"></iframe>`,
  `<div onclick="${PWN}" onmouseover="${PWN}" style="position:fixed;inset:0">hover</div>`,
  `<body onload="${PWN}">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${PWN}>`,
  `<object data="data:text/html,<script>${PWN}</script>"></object>`,
  `&lt;script&gt;${PWN}&lt;/script&gt;`,
  `&#60;img src=x onerror=${PWN}&#62;`,
  `javascript:${PWN}`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+`,
  `\u202Eexe.txt\u202C and \u2066isolated\u2069 and \u200Frtl mark`,
  `{{constructor.constructor('${PWN}')()}}`,
  `\${${PWN}}`,
  '\u0000 nul and \uFFFD replacement',
];

export const HOSTILE_MARKDOWN = [
  `[js link](javascript:${PWN})`,
  `[mixed case](JaVaScRiPt:${PWN})`,
  `[tab inside](java\tscript:${PWN})`,
  `[entity](&#106;avascript:${PWN})`,
  `[data link](data:text/html;base64,PHNjcmlwdD4=)`,
  `[vbscript](vbscript:msgbox(1))`,
  `[file](file:///etc/passwd)`,
  `![js image](javascript:${PWN})`,
  `![svg image](data:image/svg+xml,<svg onload=${PWN}>)`,
  `<a href="javascript:${PWN}">raw html link</a>`,
  `<img src=x onerror=${PWN}>`,
  `<script>${PWN}</script>`,
  '[safe link](https://example.com/ok)',
  ...HOSTILE_STRINGS.map((s) => `- ${s}`),
].join('\n\n');

/** One 1 MB token. */
export const HUGE_TOKEN = 'A'.repeat(1_000_000);

/** An object whose keys and values are all hostile (including `__proto__` as an own key). */
export function hostileObject(): Record<string, unknown> {
  const obj: Record<string, unknown> = JSON.parse('{"__proto__": "proto key", "constructor": {"prototype": "x"}}');
  HOSTILE_STRINGS.forEach((s, i) => {
    obj[s] = i % 2 === 0 ? s : { [s]: [s, i, null, true] };
  });
  return obj;
}

export interface SafetyReport {
  pwned: boolean;
  scripts: number;
  unsafeUrls: string[];
  eventAttributes: string[];
  foreignElements: string[];
}

const SAFE_URL = /^(https:|mailto:)/i;

/** Everything the play function checks, collected from the rendered DOM under `root`. */
export function inspect(root: HTMLElement): SafetyReport {
  const unsafeUrls: string[] = [];
  const eventAttributes: string[] = [];
  const foreignElements: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) eventAttributes.push(`${el.tagName}[${attr.name}]`);
      if (/^(href|src|xlink:href|action|formaction|data|srcdoc)$/i.test(attr.name) && !SAFE_URL.test(attr.value.trim())) {
        unsafeUrls.push(`${el.tagName}[${attr.name}=${attr.value.slice(0, 60)}]`);
      }
    }
    if (/^(SCRIPT|IFRAME|OBJECT|EMBED|STYLE|MATH|BODY|svg|MGLYPH|FORM)$/i.test(el.tagName) && el.tagName !== 'FORM') {
      foreignElements.push(el.tagName);
    }
  }
  return {
    pwned: (window as { __pwned?: unknown }).__pwned !== undefined,
    scripts: root.querySelectorAll('script').length,
    unsafeUrls,
    eventAttributes,
    foreignElements,
  };
}
