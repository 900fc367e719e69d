import { render } from 'preact';
import { App } from '@/components/triage/App';
import { t } from '@/lib/i18n';
import '@/components/triage/triage.css';
import 'uplot/dist/uPlot.min.css';
import { createServices } from './services';

document.title = t('triageTitle');
render(<App services={createServices()} t={t} />, document.getElementById('app')!);
