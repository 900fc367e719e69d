/** Drop zone and file picker for checking local videos, with a state per file. */
import { useState } from 'preact/hooks';
import type { Translate } from '@/lib/i18n';
import type { LocalJob } from '@/lib/local-files/local-checker';
import { STATUS_KEY } from '@/lib/provenance/describe';

export interface LocalFilesProps {
  jobs: readonly LocalJob[];
  onFiles(files: File[]): void;
  t: Translate;
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

export function LocalFiles({ jobs, onFiles, t }: LocalFilesProps) {
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
        Drop video or image files here or{' '}
        <label class="tt-button">
          choose files
          <input
            type="file"
            id="tt-local-input"
            accept="video/*,image/*"
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
              {job.provenance && (
                <span
                  class={`tt-job-provenance is-${job.provenance.status}`}
                  data-provenance={job.provenance.status}
                  data-ai={String(job.provenance.aiGenerated)}
                  title={job.provenance.reason}
                >
                  {t(STATUS_KEY[job.provenance.status])}
                  {job.provenance.aiGenerated ? ` · ${t('provenanceBadgeAi')}` : ''}
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
