package com.intellipost.migrator.config;

/**
 * The text after {@code scheme://} of a libpq or SQLAlchemy URL, cut as libpq users write it: the user info runs
 * up to the LAST {@code @} (a password may hold {@code / ? # @ :} unencoded), the host part from there to the
 * first {@code /}, {@code ?} or {@code #}. Nothing is decoded here.
 *
 * @param userInfo {@code user[:password]} as written, or null when there is no {@code @}
 * @param hostPort {@code host[:port]} or {@code [v6][:port]}, possibly empty
 * @param path     {@code /db} as written, or empty
 * @param query    the text after {@code ?} (a {@code #fragment} dropped: libpq has no use for it), or empty
 */
record UrlParts(String userInfo, String hostPort, String path, String query) {

    static UrlParts split(String rest) {
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String after = rest.substring(at + 1);
        int fragment = after.indexOf('#');
        if (fragment >= 0) {
            after = after.substring(0, fragment);
        }
        int hostEnd = firstOf(after, "/?");
        String tail = after.substring(hostEnd);
        int query = tail.indexOf('?');
        return new UrlParts(userInfo, after.substring(0, hostEnd), query < 0 ? tail : tail.substring(0, query),
                query < 0 ? "" : tail.substring(query + 1));
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
