/** A small ring filled in proportion to the risk (0-100), with the number inside. */
export function RiskRing({ risk }: { risk: number }) {
  const r = 8;
  const circumference = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, risk)) / 100) * circumference;
  return (
    <svg class="tt-ring" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
      <circle
        cx="10"
        cy="10"
        r={r}
        fill="none"
        stroke="currentColor"
        stroke-opacity="0.35"
        stroke-width="3"
      />
      <circle
        cx="10"
        cy="10"
        r={r}
        fill="none"
        stroke="currentColor"
        stroke-width="3"
        stroke-dasharray={`${filled} ${circumference}`}
        transform="rotate(-90 10 10)"
      />
    </svg>
  );
}
