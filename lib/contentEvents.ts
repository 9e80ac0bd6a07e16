/** Messages the background sends to the Seller Central content script. */
export const TAG_SELECTION_EVENT = 'sct:tag-selection';
