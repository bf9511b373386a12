// Shapes of the enterprise administration endpoints under /api/v1/enterprises/:enterpriseId/ and of
// the permission catalogue (GET /api/v1/permissions).

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly memberCount: number;
}

export interface Member {
  readonly userId: string;
  readonly displayName: string;
  readonly phone: string;
  readonly departmentId: string | null;
  readonly roles: readonly string[];
  readonly status: string;
  readonly since: string;
}

export interface MemberQuery {
  readonly status: string;
  readonly departmentId: string;
  readonly q: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface Invitation {
  readonly token: string;
  readonly link: string;
  readonly expiresAt: string;
}

export interface ImportReport {
  readonly imported: number;
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly rule: string; readonly message: string }[];
}

export interface Role {
  readonly id: string;
  readonly name: string;
  /** Built-in roles are named in both languages; custom ones by their name only. */
  readonly label?: Label | null;
  readonly builtIn: boolean;
  readonly permissions: readonly string[];
  readonly holders: number;
}

export interface Label {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface CatalogueSubject {
  readonly type: string;
  readonly slug: string;
  readonly label: Label;
  readonly actions: readonly { readonly action: string; readonly permission: string; readonly label: Label }[];
}

export interface PermissionCatalogue {
  readonly subjects: readonly CatalogueSubject[];
  readonly actions: readonly { readonly action: string; readonly label: Label }[];
  readonly roles: readonly { readonly key: string; readonly name: Label; readonly permissions: readonly string[] }[];
}

export type OverrideEffect = 'allow' | 'deny';

export interface Override {
  readonly permission: string;
  readonly effect: OverrideEffect;
}
