/** Drop zone and file picker for checking local videos, with a state per file. */
import { useState } from 'preact/hooks';
import type { LocalJob } from '@/lib/local-files/local-checker';

export interface LocalFilesProps {
  jobs: readonly LocalJob[];
  onFiles(files: File[]): void;
}

const STATE_LABEL: Record<LocalJob['state'], string> = {
  queued: 'Waiting',
  loading: 'Opening',
  checking: 'Checking',
  finishing: 'Finishing analysis',
  done: 'Done',
  rejected: 'Rejected',
  failed: 'Failed',
};

export function LocalFiles({ jobs, onFiles }: LocalFilesProps) {
  const [over, setOver] = useState(false);
  return (
    <section class="tt-local" aria-label="Check local files">
      <div
        class={`tt-drop${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          onFiles([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        Drop video files here or{' '}
        <label class="tt-button">
          choose files
          <input
            type="file"
            id="tt-local-input"
            accept="video/*"
            multiple
            hidden
            onChange={(e) => {
              onFiles([...(e.currentTarget.files ?? [])]);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {jobs.length > 0 && (
        <ul class="tt-jobs">
          {jobs.map((job) => (
            <li
              key={job.id}
              class={`tt-job is-${job.state}`}
              data-state={job.state}
              data-name={job.name}
            >
              <span class="tt-job-name">{job.name}</span>{' '}
              <span class="tt-job-state">{STATE_LABEL[job.state]}</span>
              {job.state === 'checking' && (
                <progress
                  max={1}
                  value={job.progress ?? undefined}
                  aria-label={`Progress of ${job.name}`}
                />
              )}
              {job.result && (
                <span class="tt-job-result" data-result={job.result.state}>
                  {job.result.state === 'scored'
                    ? `risk ${job.result.risk ?? '–'}`
                    : job.result.state}
                </span>
              )}
              {job.detail && <span class="tt-job-detail">{job.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
