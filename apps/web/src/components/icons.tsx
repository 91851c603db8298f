/** Small inline icons for listening and talking (no icon font, no extra requests). */

const HEADPHONES =
  'M12 3a9 9 0 0 0-9 9v6.5A2.5 2.5 0 0 0 5.5 21H8v-8H5v-1a7 7 0 0 1 14 0v1h-3v8h2.5a2.5 2.5 0 0 0 2.5-2.5V12a9 9 0 0 0-9-9z';
const MIC =
  'M12 14.5a3.5 3.5 0 0 0 3.5-3.5V5.5a3.5 3.5 0 0 0-7 0V11a3.5 3.5 0 0 0 3.5 3.5zM18 11a6 6 0 0 1-12 0H4.2a7.8 7.8 0 0 0 6.9 7.7V22h1.8v-3.3a7.8 7.8 0 0 0 6.9-7.7z';

export function HeadphonesIcon({ size = 14, className = '' }: { size?: number; className?: string }) {
  return (
    <svg
      className={`icon icon-headphones ${className}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
    >
      <path d={HEADPHONES} fill="currentColor" />
    </svg>
  );
}

export function MicIcon({ size = 14, className = '' }: { size?: number; className?: string }) {
  return (
    <svg className={`icon icon-mic ${className}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path d={MIC} fill="currentColor" />
    </svg>
  );
}
