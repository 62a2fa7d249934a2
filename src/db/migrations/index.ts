import * as core from './20261124000000_core.js';
import * as locations from './20261124010000_locations.js';
import * as entries from './20261124020000_entries_acquisitions.js';
import * as conservation from './20261124030000_conservation.js';
import * as valuations from './20261124040000_valuations.js';
import * as deaccession from './20261124050000_deaccession_incidents.js';
import * as loans from './20261124060000_loans.js';
import * as inventory from './20261124070000_inventory.js';
import * as exitsRights from './20261124080000_exits_rights.js';
import * as media from './20261124090000_media.js';
import * as jobs from './20261124100000_jobs_derivatives.js';
import * as mediaDetails from './20261124110000_media_details.js';
import * as mediaTechnical from './20261124120000_media_technical.js';
import * as mediaBatches from './20261124130000_media_batches.js';
import * as valuationReaders from './20261124140000_valuation_readers.js';
import * as conservationImages from './20261124150000_conservation_images.js';
import * as search from './20261124160000_search.js';
import * as searchFacets from './20261124170000_search_facets.js';
import * as searchFacetClustered from './20261204000000_search_facet_clustered.js';
import * as searchFacetWords from './20261204120000_search_facet_words.js';
import * as searchPublicIndex from './20261205120000_search_public_index.js';
import * as searchDocInline from './20261206000000_search_doc_inline.js';
import * as searchFtsWritten from './20261207000000_search_fts_written.js';
import * as searchFtsHash from './20261208000000_search_fts_hash.js';
import * as rateLimitExpiry from './20261209120000_rate_limit_expiry.js';
import * as memberSuspension from './20261209130000_member_suspension.js';
import * as searchRebuild from './20261210000000_search_rebuild.js';
import * as mediaBatchClaim from './20261210100000_media_batch_claim.js';
import * as jobLockedBy from './20261210200000_job_locked_by.js';
import * as searchTerms from './20261124180000_search_terms.js';
import * as imageRights from './20261124190000_image_rights.js';
import * as searchDocFacets from './20261124200000_search_doc_facets.js';
import * as searchHead from './20261124210000_search_head.js';
import * as objectWithdrawn from './20261124220000_object_withdrawn.js';
import * as museumProfile from './20261124230000_museum_profile.js';
import * as stories from './20261124240000_stories.js';
import * as objectLinkByAuthority from './20261124250000_object_link_by_authority.js';
import * as imports from './20261124260000_imports.js';
import * as oaiOrder from './20261124270000_oai_order.js';
import * as harvest from './20261124280000_harvest.js';
import * as directory from './20261124290000_directory.js';
import * as directoryProposals from './20261124300000_directory_proposals.js';
import * as networkFigures from './20261124310000_network_figures.js';
import * as partnerships from './20261124320000_partnerships.js';

/** Every migration, by name; names sort in the order they run. Add new files here. */
export const migrations = {
  '20261124000000_core': core,
  '20261124010000_locations': locations,
  '20261124020000_entries_acquisitions': entries,
  '20261124030000_conservation': conservation,
  '20261124040000_valuations': valuations,
  '20261124050000_deaccession_incidents': deaccession,
  '20261124060000_loans': loans,
  '20261124070000_inventory': inventory,
  '20261124080000_exits_rights': exitsRights,
  '20261124090000_media': media,
  '20261124100000_jobs_derivatives': jobs,
  '20261124110000_media_details': mediaDetails,
  '20261124120000_media_technical': mediaTechnical,
  '20261124130000_media_batches': mediaBatches,
  '20261124140000_valuation_readers': valuationReaders,
  '20261124150000_conservation_images': conservationImages,
  '20261124160000_search': search,
  '20261124170000_search_facets': searchFacets,
  '20261124180000_search_terms': searchTerms,
  '20261124190000_image_rights': imageRights,
  '20261124200000_search_doc_facets': searchDocFacets,
  '20261124210000_search_head': searchHead,
  '20261124220000_object_withdrawn': objectWithdrawn,
  '20261124230000_museum_profile': museumProfile,
  '20261124240000_stories': stories,
  '20261124250000_object_link_by_authority': objectLinkByAuthority,
  '20261124260000_imports': imports,
  '20261124270000_oai_order': oaiOrder,
  '20261124280000_harvest': harvest,
  '20261124290000_directory': directory,
  '20261124300000_directory_proposals': directoryProposals,
  '20261124310000_network_figures': networkFigures,
  '20261124320000_partnerships': partnerships,
  '20261204000000_search_facet_clustered': searchFacetClustered,
  '20261204120000_search_facet_words': searchFacetWords,
  '20261205120000_search_public_index': searchPublicIndex,
  '20261206000000_search_doc_inline': searchDocInline,
  '20261207000000_search_fts_written': searchFtsWritten,
  '20261208000000_search_fts_hash': searchFtsHash,
  '20261209120000_rate_limit_expiry': rateLimitExpiry,
  '20261209130000_member_suspension': memberSuspension,
  '20261210000000_search_rebuild': searchRebuild,
  '20261210100000_media_batch_claim': mediaBatchClaim,
  '20261210200000_job_locked_by': jobLockedBy,
};
