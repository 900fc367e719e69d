/** Drop zone and file picker for checking local videos, with a state per file. */
import { useState } from 'preact/hooks';
import type { MessageKey, Translate } from '@/lib/l10n/keys';
import { localizeText } from '@/lib/l10n/phrases';
import type { LocalJob } from '@/lib/local-files/local-checker';
import { STATUS_KEY } from '@/lib/provenance/describe';
import { STATE_LABEL } from './format';

export interface LocalFilesProps {
  jobs: readonly LocalJob[];
  t: Translate;
  onFiles(files: File[]): void;
}

const JOB_LABEL: Record<LocalJob['state'], MessageKey> = {
  queued: 'localQueued',
  loading: 'localLoading',
  checking: 'localChecking',
  finishing: 'localFinishing',
  done: 'localDone',
  rejected: 'localRejected',
  failed: 'localFailed',
};

export function LocalFiles({ jobs, t, onFiles }: LocalFilesProps) {
  const [over, setOver] = useState(false);
  return (
    <section class="tt-local" aria-label={t('localCheck')}>
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
        {t('localDrop')}{' '}
        <label class="tt-button">
          {t('localChoose')}
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
              <span class="tt-job-state">{t(JOB_LABEL[job.state])}</span>
              {job.state === 'checking' && (
                <progress
                  max={1}
                  value={job.progress ?? undefined}
                  aria-label={t('localProgress', job.name)}
                />
              )}
              {job.result && (
                <span class="tt-job-result" data-result={job.result.state}>
                  {job.result.state === 'scored'
                    ? t('localRisk', String(job.result.risk ?? '–'))
                    : t(STATE_LABEL[job.result.state])}
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
              {job.detail && <span class="tt-job-detail">{localizeText(job.detail, t)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
