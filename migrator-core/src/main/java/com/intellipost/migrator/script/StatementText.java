package com.intellipost.migrator.script;

import java.util.Arrays;

/**
 * The growing text of the statement being split: a plain char array.
 *
 * <p>Not a StringBuilder on purpose: appending a char[] to a StringBuilder checks every character for
 * Latin-1 compaction one by one, which made it the splitter's main cost. Here appends are array
 * copies, and the String is built once per statement, where the JDK's bulk compaction applies.
 */
final class StatementText implements CharSequence {

    private static final int INITIAL_CAPACITY = 256;

    private char[] chars = new char[INITIAL_CAPACITY];
    private int length;

    void append(char c) {
        if (length == chars.length) {
            grow(1);
        }
        chars[length++] = c;
    }

    void append(char[] source, int offset, int count) {
        if (length + count > chars.length) {
            grow(count);
        }
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    void append(String s) {
        for (int i = 0; i < s.length(); i++) {
            append(s.charAt(i));
        }
    }

    /** Empties the text; an array grown huge by one giant statement is let go rather than kept. */
    void clear(int maxRetainedCapacity) {
        length = 0;
        if (chars.length > maxRetainedCapacity) {
            chars = new char[INITIAL_CAPACITY];
        }
    }

    void setLength(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException(newLength);
        }
        length = newLength;
    }

    /** Whether {@code text[from, from + s.length())} equals {@code s}. */
    boolean regionEquals(int from, String s) {
        if (from < 0 || from + s.length() > length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (chars[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return substring(start, end);
    }

    String substring(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
        }
        return new String(chars, start, end - start);
    }

    String substring(int start) {
        return substring(start, length);
    }

    @Override
    public String toString() {
        return substring(0, length);
    }

    private void grow(int needed) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + needed));
    }
}
