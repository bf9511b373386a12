import type { Routes } from '@angular/router';
import { signedInOnly } from '../core/auth/auth.guards';
import { requirePermission } from '../core/context/permission.guard';

/** The knowledge base (WO-13): search, entries, the editor and the review queue. */
export default [
  {
    path: '',
    canActivate: [signedInOnly, requirePermission('knowledge:read')],
    children: [
      { path: '', loadComponent: () => import('./knowledge-search-page').then((m) => m.KnowledgeSearchPage), title: 'collaboration.knowledge.title' },
      {
        path: 'new',
        canActivate: [requirePermission('knowledge:create')],
        loadComponent: () => import('./knowledge-editor-page').then((m) => m.KnowledgeEditorPage),
        title: 'collaboration.knowledge.editor.newTitle',
      },
      { path: ':id', loadComponent: () => import('./knowledge-entry-page').then((m) => m.KnowledgeEntryPage), title: 'collaboration.knowledge.entryTitle' },
      {
        path: ':id/edit',
        canActivate: [requirePermission('knowledge:update')],
        loadComponent: () => import('./knowledge-editor-page').then((m) => m.KnowledgeEditorPage),
        title: 'collaboration.knowledge.editor.editTitle',
      },
    ],
  },
] satisfies Routes;
