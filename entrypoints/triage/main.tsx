import { render } from 'preact';
import { App } from '@/components/triage/App';
import '@/components/triage/triage.css';
import 'uplot/dist/uPlot.min.css';
import { createServices } from './services';

render(<App services={createServices()} />, document.getElementById('app')!);
