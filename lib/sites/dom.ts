/** DOM reading helpers shared by the site adapters. */

/** `element.closest(selector)` that climbs out of shadow roots to their hosts. */
export function closestDeep(element: Element, selector: string): Element | null {
  let node: Element | null = element;
  while (node) {
    const found = node.closest(selector);
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/** The first element matching any selector of a fallback list, in list order. */
export function firstOf(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** Visible text of an element, whitespace collapsed and cut to `max` characters. */
export function textOf(element: Element | null | undefined, max = 200): string | undefined {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Parses `href` against `base`; undefined when it is not a URL. */
export function urlOf(href: string | null | undefined, base: URL): URL | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

/** True when `host` is `domain` or one of its subdomains. */
export function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Drops undefined fields so optional properties stay absent (exactOptionalPropertyTypes). */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = field;
  return out as T;
}
