import { render } from 'preact';
import { App } from '@/components/triage/App';
import '@/components/triage/triage.css';
import 'uplot/dist/uPlot.min.css';
import { t } from '@/lib/i18n';
import { createServices } from './services';

render(<App services={createServices()} t={t} />, document.getElementById('app')!);
