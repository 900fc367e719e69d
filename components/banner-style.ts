/**
 * The line under the badge pill (known-deepfake match, AI credential): inline, so that it does
 * not depend on the badge stylesheet. Only the colours differ between the two.
 */
export function bannerStyle(background: string, color: string): Record<string, string | number> {
  return {
    pointerEvents: 'auto',
    display: 'block',
    marginTop: '4px',
    maxWidth: '280px',
    padding: '4px 8px',
    borderRadius: '6px',
    background,
    color,
    fontWeight: 600,
  };
}
