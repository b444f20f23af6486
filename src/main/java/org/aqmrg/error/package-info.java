/**
 * The platform's domain exceptions: one small hierarchy under {@link
 * org.aqmrg.error.PlatformException}, thrown by every feature package and mapped to HTTP statuses
 * and error codes in one place ({@code http.ErrorMapper}) and to exit statuses by the command line.
 *
 * <ul>
 *   <li>{@link org.aqmrg.error.NotFoundException}: 404 {@code not_found}
 *   <li>{@link org.aqmrg.error.InvalidInputException}: 400 {@code invalid}, naming the field or
 *       parameter
 *   <li>{@link org.aqmrg.error.ConflictException}: 409 {@code conflict}
 *   <li>{@link org.aqmrg.error.ForbiddenException}: 403 {@code forbidden}
 *   <li>{@link org.aqmrg.error.StoreUnavailableException}: 503 {@code unavailable}, naming the
 *       {@link org.aqmrg.error.Store}; retrying later may work
 *   <li>{@link org.aqmrg.error.StoreRefusedException}: 500 {@code store_refused}; the store
 *       answered that it will not, and retrying does not help until an operator fixes it
 * </ul>
 */
package org.aqmrg.error;
