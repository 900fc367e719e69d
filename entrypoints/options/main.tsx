import { browser } from '#imports';
import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/options/options.css';
import { t } from '@/lib/i18n';
import { loadSettings, saveSettings, watchSettings, type Settings } from '@/lib/storage/settings';

async function main() {
  const root = document.getElementById('app');
  if (!root) return;
  document.title = t('optionsTitle');
  let settings: Settings = await loadSettings(browser.storage.local);
  let status: string | undefined;

  const draw = () =>
    render(
      <OptionsApp
        settings={settings}
        t={t}
        {...(status === undefined ? {} : { status })}
        onChange={(patch) => {
          saveSettings(browser.storage.local, patch)
            .then((saved) => {
              settings = saved;
              status = t('optionsSaved');
            })
            .catch((error: unknown) => {
              status = t('optionsSaveFailed', String(error));
            })
            .finally(draw);
        }}
      />,
      root,
    );

  // Another options tab (or the popup) may change them too.
  watchSettings(browser.storage.onChanged, (next) => {
    settings = next;
    draw();
  });
  draw();
}

void main();
