package dev.fewshot.embedding.source;

import dev.fewshot.embedding.classes.ClassList;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code root/<label>/<image>}: one folder per class, named by its label (ImageNet train/val, ImageNet-O).
 * Only image extensions count (any case: ImageNet uses {@code .JPEG}); hidden and other files are ignored, and
 * so are deeper sub-folders. In an unlabelled split every item gets label -1 and folder names are not checked.
 *
 * @param root the layout root, relative to the first data root or absolute inside the roots
 */
public record ClassFolders(String root) implements SourceLayout {
    @Override
    public SourceListing list(DataRoots roots, ClassList classes, boolean labelled) {
        Path dir = SourceLayouts.directory(roots, root);
        ListingBuilder b = new ListingBuilder(roots, dir);
        for (Path folder : SourceLayouts.sortedEntries(dir)) {
            String name = folder.getFileName().toString();
            if (name.startsWith(".") || !Files.isDirectory(folder)) {
                continue;
            }
            // A whole class folder leading outside the roots is a misconfigured dataset, not a bad file:
            // fail the request so nobody trains on a silently shrunken split.
            Path realFolder;
            try {
                realFolder = roots.checkInside(folder);
            } catch (SourceException e) {
                throw new SourceException(root + "/" + name, "class folder: " + e.reason(), e);
            }
            // An unlabelled (OOD) split is -1 throughout, even where a folder happens to be named like a
            // class: ImageNet-O's folders, for one, carry the 1k wnid a model mistook them for.
            int label = labelled ? classes.indexOf(name) : -1;
            for (Path file : SourceLayouts.sortedEntries(realFolder)) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(".") || !ListingBuilder.isImageName(fileName)) {
                    continue;
                }
                String id = name + "/" + fileName;
                if (label < 0 && labelled) {
                    b.fail(id, "class folder '" + name + "' is not in the class list");
                } else {
                    b.addInRealFolder(id, file, label);
                }
            }
        }
        return b.build();
    }
}
