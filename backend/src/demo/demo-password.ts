/** The password of every demo account, named and generated alike (printed by `./run start`). */
export const DEMO_PASSWORD = 'Kuaige2026';
