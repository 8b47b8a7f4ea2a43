package io.mic.spi.apicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A text dump of the public API of some classes: one line per type header and per public (or, in
 * extensible classes, protected) constructor, method and field, in the form
 * {@code <type>: <kind> <signature>} with generic types, sorted. Lines are what the compatibility
 * check compares, so a line changes exactly when a signature a plugin compiles or links against
 * changes. Inherited members belong to the type that declares them; constant values are left out
 * (the SPI version constant changes by design).
 */
final class ApiSignatures {
    private ApiSignatures() {
    }

    /** The public types (and public member types) of {@code packageName} in the class directory or jar holding {@code anchor}. */
    static List<Class<?>> publicTypesOf(String packageName, Class<?> anchor) {
        List<Class<?>> out = new ArrayList<>();
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException("expected a class directory, got " + root);
            }
            Path dir = root.resolve(packageName.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String file = f.getFileName().toString();
                    if (!file.endsWith(".class") || file.equals("package-info.class") || file.equals("module-info.class")) {
                        continue;
                    }
                    Class<?> c = Class.forName(packageName + "." + file.substring(0, file.length() - 6), false, anchor.getClassLoader());
                    if (isApi(c)) {
                        out.add(c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static boolean isApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** The sorted signature lines of {@code types}; {@code rename} maps every type name printed (to compare two packages as one). */
    static List<String> of(List<Class<?>> types, UnaryOperator<String> rename) {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> c : types) {
            String prefix = rename.apply(c.getName()) + ": ";
            lines.add(prefix + rename.apply(header(c)));
            boolean extensible = !Modifier.isFinal(c.getModifiers()) && !c.isSealed() && !c.isEnum() && !c.isRecord();
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers(), extensible) && !k.isSynthetic()) {
                    lines.add(prefix + rename.apply("constructor " + modifiers(k.getModifiers() & Modifier.constructorModifiers()) + typeParams(k.getTypeParameters())
                            + "(" + types(k.getGenericParameterTypes()) + ")" + throwsClause(k.getGenericExceptionTypes())));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers(), extensible) && !m.isSynthetic() && !m.isBridge()) {
                    String mods = modifiers(m.getModifiers() & Modifier.methodModifiers()) + (m.isDefault() ? "default " : "");
                    lines.add(prefix + rename.apply("method " + mods + typeParams(m.getTypeParameters()) + m.getGenericReturnType().getTypeName()
                            + " " + m.getName() + "(" + types(m.getGenericParameterTypes()) + ")" + throwsClause(m.getGenericExceptionTypes())));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers(), extensible) && !f.isSynthetic()) {
                    lines.add(prefix + rename.apply("field " + modifiers(f.getModifiers() & Modifier.fieldModifiers()) + f.getGenericType().getTypeName()
                            + " " + f.getName()));
                }
            }
        }
        return List.copyOf(lines);
    }

    private static boolean visible(int modifiers, boolean extensible) {
        return Modifier.isPublic(modifiers) || (extensible && Modifier.isProtected(modifiers));
    }

    private static String header(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
        int mods = c.getModifiers() & (c.isInterface() ? Modifier.interfaceModifiers() : Modifier.classModifiers());
        if (c.isInterface() || c.isEnum() || c.isRecord()) {
            // implied by the kind
            mods &= ~(Modifier.ABSTRACT | Modifier.FINAL | (c.getEnclosingClass() != null ? Modifier.STATIC : 0));
        }
        StringBuilder sb = new StringBuilder("type ").append(modifiers(mods));
        if (c.isSealed()) {
            sb.append("sealed ");
        }
        sb.append(kind).append(' ').append(c.getName()).append(typeParams(c.getTypeParameters()).stripTrailing());
        Type sup = c.getGenericSuperclass();
        if (sup != null && !c.isEnum() && !c.isRecord() && sup != Object.class) {
            sb.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(c.isInterface() ? " extends " : " implements ").append(types(interfaces));
        }
        if (c.isSealed()) {
            Class<?>[] permitted = c.getPermittedSubclasses();
            String[] names = new String[permitted.length];
            for (int i = 0; i < permitted.length; i++) {
                names[i] = permitted[i].getName();
            }
            Arrays.sort(names);
            sb.append(" permits ").append(String.join(",", names));
        }
        return sb.toString();
    }

    private static String modifiers(int mods) {
        String s = Modifier.toString(mods);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String typeParams(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            Type[] bounds = v.getBounds();
            boolean plain = bounds.length == 1 && bounds[0] == Object.class;
            if (plain) {
                out.add(v.getName());
            } else {
                String[] names = new String[bounds.length];
                for (int i = 0; i < bounds.length; i++) {
                    names[i] = bounds[i].getTypeName();
                }
                out.add(v.getName() + " extends " + String.join(" & ", names));
            }
        }
        return "<" + String.join(",", out) + "> ";
    }

    private static String types(Type[] types) {
        String[] names = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            names[i] = types[i].getTypeName();
        }
        return String.join(",", names);
    }

    private static String throwsClause(Type[] exceptions) {
        return exceptions.length == 0 ? "" : " throws " + types(exceptions);
    }
}
