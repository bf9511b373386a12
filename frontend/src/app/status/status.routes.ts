import type { Routes } from '@angular/router';
import { StatusPage } from './status-page';

export default [{ path: '', component: StatusPage, title: 'status.title' }] satisfies Routes;
