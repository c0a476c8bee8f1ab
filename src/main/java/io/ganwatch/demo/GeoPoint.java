package io.ganwatch.demo;

/**
 * A place on Earth. The simulation needs distances (the {@code distance_from_home_km} feature) and
 * places a given distance away from another (a card used in a town 200 km from home), nothing more,
 * so a spherical Earth is accurate enough.
 *
 * @param latitude  degrees north, -90..90
 * @param longitude degrees east, -180..180
 */
public record GeoPoint(double latitude, double longitude) {
    private static final double EARTH_RADIUS_KM = 6371.0;

    /** Rejects coordinates off the globe. */
    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90], was " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180], was " + longitude);
        }
    }

    /** Great-circle distance (haversine). */
    public double distanceKm(GeoPoint other) {
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The point {@code km} away in direction {@code bearingDegrees} (0 = north, 90 = east). */
    public GeoPoint move(double km, double bearingDegrees) {
        double d = km / EARTH_RADIUS_KM;
        double b = Math.toRadians(bearingDegrees);
        double lat1 = Math.toRadians(latitude);
        double lon1 = Math.toRadians(longitude);
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
        double lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
        double lon = Math.toDegrees(lon2);
        lon = ((lon + 540) % 360) - 180;
        return new GeoPoint(Math.max(-90, Math.min(90, Math.toDegrees(lat2))), Math.max(-180, Math.min(180, lon)));
    }
}
