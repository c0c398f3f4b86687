/**
 * Where a community that stood in the way of a platform id change is parked: the newcomer created under
 * the new id before the migration notice arrived. Shared by the database and in-memory repositories.
 */
export function supersededPlatformId(platformId: string, communityId: string): string {
  return `${platformId}#superseded:${communityId}`;
}
