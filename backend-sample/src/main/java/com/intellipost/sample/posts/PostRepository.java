package com.intellipost.sample.posts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Posts and their tags, with plain JDBC over the application's pool. */
public final class PostRepository {

    /** Newest first; the inner LIMIT walks posts_created_at_id_idx, the outer query adds the tags. */
    private static final String SELECT = """
            SELECT p.id, p.title, p.content, p.summary, p.created_at,
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.name IS NOT NULL), '{}') AS tags
            FROM (SELECT * FROM posts %s ORDER BY created_at DESC, id DESC LIMIT ?) p
            LEFT JOIN post_tags pt ON pt.post_id = p.id
            LEFT JOIN tags t ON t.id = pt.tag_id
            GROUP BY p.id, p.title, p.content, p.summary, p.created_at
            ORDER BY p.created_at DESC, p.id DESC
            """;

    private final DataSource dataSource;

    public PostRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the post and its tags in one transaction and returns it as stored. */
    public Post create(NewPost post) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO posts (title, content, summary) VALUES (?, ?, ?) RETURNING id")) {
                    insert.setString(1, post.title());
                    insert.setString(2, post.content());
                    insert.setString(3, post.summary().orElse(null));
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                if (!post.tags().isEmpty()) {
                    attachTags(c, id, post.tags());
                }
                Post stored = find(c, id).orElseThrow();
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the post: " + e.getMessage(), e);
        }
    }

    public Optional<Post> find(long id) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read post " + id + ": " + e.getMessage(), e);
        }
    }

    /** The {@code limit} newest posts. */
    public List<Post> list(int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SELECT.formatted(""))) {
            s.setInt(1, limit);
            return read(s);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list posts: " + e.getMessage(), e);
        }
    }

    private static Optional<Post> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT.formatted("WHERE id = ?"))) {
            s.setLong(1, id);
            s.setInt(2, 1);
            return read(s).stream().findFirst();
        }
    }

    /** Creates missing tags (a concurrent insert of the same name is waited for, not duplicated) and links them. */
    private static void attachTags(Connection c, long postId, List<String> tags) throws SQLException {
        try (PreparedStatement tag = c.prepareStatement("INSERT INTO tags (name) VALUES (?)"
                + " ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id");
             PreparedStatement link = c.prepareStatement("INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)")) {
            for (String name : tags) {
                tag.setString(1, name);
                try (ResultSet rs = tag.executeQuery()) {
                    rs.next();
                    link.setLong(1, postId);
                    link.setLong(2, rs.getLong(1));
                }
                link.addBatch();
            }
            link.executeBatch();
        }
    }

    private static List<Post> read(PreparedStatement s) throws SQLException {
        List<Post> posts = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Array tags = rs.getArray("tags");
                Timestamp created = rs.getTimestamp("created_at");
                posts.add(new Post(rs.getLong("id"), rs.getString("title"), rs.getString("content"),
                        rs.getString("summary"), Arrays.asList((String[]) tags.getArray()),
                        created.toInstant().toString()));
                tags.free();
            }
        }
        return posts;
    }
}
