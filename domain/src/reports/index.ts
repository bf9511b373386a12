export * from './report-definition';
export * from './report-schedule';
export * from './report';
export * from './report-run';
