// Shapes of the tenancy endpoints (operator tree and nodes, enterprises,
// verification reviews, divisions, blobs), as the backend contract states them.

export type DivisionLevel = 'national' | 'province' | 'city' | 'county';

export interface Division {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
}

export interface TreeItem {
  readonly code: string;
  readonly name: string;
  readonly level: DivisionLevel;
  readonly hasChildren: boolean;
  readonly node: { readonly id: string; readonly name: string; readonly status: string } | null;
  readonly counts: { readonly enterprises: number; readonly pendingEnterprises: number; readonly openWorkOrders?: number };
}

export type StaffRole = 'operator-admin' | 'operator-staff' | 'compliance';
export const STAFF_ROLES: readonly StaffRole[] = ['operator-admin', 'operator-staff', 'compliance'];

export interface OperatorNode {
  readonly id: string;
  readonly divisionCode: string;
  readonly divisionName: string;
  readonly level: DivisionLevel;
  readonly name: string;
  readonly status: string;
  readonly principal: { readonly name: string; readonly userId?: string | null; readonly phone?: string };
  readonly contacts: { readonly phone: string; readonly email: string | null };
  readonly parentNodeId: string | null;
  readonly createdAt: string;
  readonly staff: readonly {
    readonly userId: string;
    readonly displayName: string;
    readonly roles: readonly string[];
    readonly since: string;
  }[];
}

export interface OperatorNodeDraft {
  readonly divisionCode: string;
  readonly name: string;
  readonly principal: { readonly name: string };
  readonly contacts: { readonly phone: string; readonly email?: string };
}

export type OperatorNodeChange = Partial<Omit<OperatorNodeDraft, 'divisionCode'>>;

export type EnterpriseType = 'manufacturer' | 'equipment-user' | 'service-provider';
export const ENTERPRISE_TYPES: readonly EnterpriseType[] = ['manufacturer', 'equipment-user', 'service-provider'];

/** What POST /api/v1/blobs answers for an uploaded file. */
export interface StoredBlob {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256?: string;
}

export interface EnterpriseRegistration {
  readonly type: EnterpriseType;
  readonly name: string;
  readonly uscc: string;
  readonly address: { readonly countyCode: string; readonly line: string };
  readonly licence: { readonly blobId: string; readonly mediaType: string; readonly size: number };
  readonly parentEnterpriseId?: string;
}

export interface EnterpriseSummary {
  readonly id: string;
  readonly type: EnterpriseType;
  readonly name: string;
  readonly uscc: string;
  readonly status: string;
  readonly address?: { readonly countyCode: string; readonly line: string };
  readonly registeredAt?: string;
}

export interface Enterprise extends EnterpriseSummary {
  readonly licence?: { readonly blobId: string; readonly mediaType: string; readonly size: number };
  readonly parentEnterpriseId?: string | null;
  /** The county with its province and city, named ('广东省 · 深圳市 · 南山区'). */
  readonly placeName?: string;
  /** The latest decision, if any. */
  readonly review?: { readonly outcome: 'approved' | 'rejected'; readonly opinion: string; readonly at: string } | null;
  /** Whether the acting context may decide on it (its county's operator, or one above). */
  readonly canReview?: boolean;
}

export interface ReviewStep {
  readonly at: string;
  readonly action: string;
  readonly by?: string;
  readonly opinion?: string | null;
}

export interface EnterpriseQuery {
  readonly status: string;
  readonly type: string;
  readonly q: string;
  readonly page: number;
  readonly pageSize: number;
}

export type VerificationKind = 'real-name' | 'engineer' | 'expert';
export const VERIFICATION_KINDS: readonly VerificationKind[] = ['real-name', 'engineer', 'expert'];

/** One step of an application's review, as the backend records it. */
export interface VerificationStep {
  readonly action: 'submitted' | 'resubmitted' | 'approved' | 'rejected' | 'revoked';
  readonly at: string;
  readonly reviewerNodeId: string | null;
  readonly opinion: string | null;
}

export interface VerificationSummary {
  readonly id: string;
  readonly kind: VerificationKind;
  readonly applicantId: string;
  readonly status: string;
  readonly countyCode: string;
  /** The county with its province and city, named. */
  readonly placeName?: string;
  /** Real-name applications: the name and ID number, masked. */
  readonly realNameMasked?: string;
  readonly idNumberMasked?: string;
  readonly submittedAt: string;
  readonly reviewedAt?: string | null;
  readonly opinion?: string | null;
}

export interface Verification extends VerificationSummary {
  readonly photos?: readonly (StoredBlob & { readonly side: 'front' | 'back' })[];
  readonly materials?: readonly (StoredBlob & { readonly type: string })[];
  readonly skills?: readonly string[];
  readonly years?: number;
  readonly history: readonly VerificationStep[];
}

export interface VerificationQuery {
  readonly status: string;
  readonly kind: string;
  readonly page: number;
  readonly pageSize: number;
}

/** One of my qualifications (real name, engineer, expert) as GET /api/v1/me/qualifications shows it. */
export interface Qualification {
  readonly status: string;
  readonly submittedAt?: string;
  readonly review?: { readonly opinion?: string | null; readonly at?: string } | null;
  readonly skills?: readonly string[];
  readonly years?: number;
}

export interface MyQualifications {
  readonly realName: Qualification;
  readonly engineer: Qualification;
  readonly expert: Qualification;
}

export const MATERIAL_TYPES = ['qualification', 'education', 'work-experience', 'identity', 'other'] as const;

export interface RealNameApplication {
  readonly realName: string;
  readonly idNumber: string;
  readonly photos: readonly (StoredBlob & { readonly side: 'front' | 'back' })[];
  readonly countyCode: string;
}

export interface CertificationApplication {
  readonly kind: 'engineer' | 'expert';
  readonly materials: readonly (StoredBlob & { readonly type: string })[];
  readonly skills: readonly string[];
  readonly years: number;
  readonly countyCode: string;
}
