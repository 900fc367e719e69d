import { createShadowRootUi, type ContentScriptContext } from '#imports';
import { render } from 'preact';
import { Badge, type BadgeView } from '@/components/Badge';
import { t } from '@/lib/i18n';
import { contentChannel } from '@/lib/messaging/content-protocol';
import badgeCss from '@/components/badge.css?inline';

/** A mounted `<telltale-badge>`; its data attributes are a public contract (README). */
export interface BadgeHandle {
  readonly host: HTMLElement;
  update(view: BadgeView): void;
  /** Hides the badge while the element plays something that is not the video (an ad). */
  suppress(hidden: boolean): void;
  remove(): void;
}

const MARGIN = 8;

/** Writes the contract attributes on the shadow host. */
export function writeBadgeAttributes(host: HTMLElement, videoId: string, view: BadgeView): void {
  host.dataset.videoId = videoId;
  host.dataset.state = view.state;
  host.dataset.sampling = view.sampling ? 'on' : 'off';
  if (view.site !== undefined) host.dataset.site = view.site;
  else delete host.dataset.site;
  if (view.mediaId !== undefined) host.dataset.mediaId = view.mediaId;
  else delete host.dataset.mediaId;
  if (view.state === 'scored' && view.risk !== undefined) {
    host.dataset.risk = String(Math.round(view.risk));
  } else {
    delete host.dataset.risk;
  }
  if (view.state === 'scored' && view.verdict !== undefined) host.dataset.verdict = view.verdict;
  else delete host.dataset.verdict;
  if (view.deep) {
    host.dataset.deep = view.deep.done ? 'done' : 'running';
    host.dataset.deepProgress = String(Math.round(view.deep.progress * 100));
  } else {
    delete host.dataset.deep;
    delete host.dataset.deepProgress;
  }
  if (view.provenance) {
    host.dataset.provenance = view.provenance.status;
    if (view.provenance.aiGenerated) host.dataset.provenanceAi = 'true';
    else delete host.dataset.provenanceAi;
  } else {
    delete host.dataset.provenance;
    delete host.dataset.provenanceAi;
  }
  if (view.match) {
    host.dataset.match = 'known';
    host.dataset.matchLabel = view.match.label;
  } else {
    delete host.dataset.match;
    delete host.dataset.matchLabel;
  }
}

/** The part of `a` inside `b` (may be empty). */
function intersect(a: DOMRect, b: DOMRect) {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Mounts the badge over the top-left corner of `video`, kept inside the site's player box
 * (`anchor`). The badge is position:fixed, lives in the page's body (or the fullscreen element)
 * and follows the video on scroll, resize and layout.
 */
export async function mountBadge(
  ctx: ContentScriptContext,
  video: HTMLVideoElement,
  videoId: string,
  initial: BadgeView,
  anchor: () => Element = () => video,
): Promise<BadgeHandle> {
  let view = initial;
  let expanded = false;
  let dismissed = false;
  let suppressed = false;

  const ui = await createShadowRootUi(ctx, {
    name: 'telltale-badge',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: badgeCss,
    isolateEvents: true,
    onMount: (container) => container,
    onRemove: (container) => {
      if (container) render(null, container);
    },
  });
  ui.mount();
  const host = ui.shadowHost;
  const container = ui.uiContainer;

  const draw = () => {
    writeBadgeAttributes(host, videoId, view);
    render(
      <Badge
        view={view}
        t={t}
        expanded={expanded}
        onToggle={() => {
          expanded = !expanded;
          draw();
        }}
        onSeek={(seconds) => {
          video.currentTime = seconds;
        }}
        onOpenTriage={() => {
          const data = view.mediaId ? { videoId, mediaId: view.mediaId } : { videoId };
          contentChannel.sendMessage('bg:openTriage', data).catch(() => undefined);
        }}
        onDismiss={() => {
          dismissed = true;
          expanded = false;
          container.hidden = true;
          draw();
        }}
      />,
      container,
    );
  };

  const place = () => {
    if (!host.isConnected || dismissed) return;
    const full = document.fullscreenElement;
    const parent = full && full !== video && full.contains(video) ? full : document.body;
    if (parent && host.parentElement !== parent) parent.append(host);
    const box = anchor();
    const videoRect = video.getBoundingClientRect();
    const boxRect = box === video ? videoRect : box.getBoundingClientRect();
    // A player box with no area (collapsed by the page's CSS) says nothing: use the video's.
    const rect = boxRect.width * boxRect.height > 0 ? intersect(videoRect, boxRect) : videoRect;
    const visible =
      !suppressed &&
      video.isConnected &&
      rect.width >= 80 &&
      rect.height >= 60 &&
      rect.top + rect.height > 0 &&
      rect.left + rect.width > 0 &&
      rect.top < innerHeight &&
      rect.left < innerWidth;
    // WXT resets the host with `all: initial !important`, which beats any style we put on the
    // host itself, so the fixed positioning lives on the container inside the shadow root.
    container.hidden = !visible;
    container.style.cssText =
      `position:fixed;z-index:2147483646;margin:0;pointer-events:none;` +
      `left:${Math.max(0, rect.left) + MARGIN}px;top:${Math.max(0, rect.top) + MARGIN}px`;
  };

  const resize = new ResizeObserver(place);
  resize.observe(video);
  ctx.addEventListener(window, 'scroll', place, { capture: true, passive: true });
  ctx.addEventListener(window, 'resize', place, { passive: true });
  ctx.addEventListener(document, 'fullscreenchange', place);
  const timer = ctx.setInterval(place, 500);

  draw();
  place();

  return {
    host,
    update(next) {
      view = next;
      draw();
      place();
    },
    suppress(hidden) {
      if (hidden === suppressed) return;
      suppressed = hidden;
      if (hidden) expanded = false;
      draw();
      place();
    },
    remove() {
      clearInterval(timer);
      resize.disconnect();
      ui.remove();
    },
  };
}
