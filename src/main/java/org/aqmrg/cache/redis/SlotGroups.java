package org.aqmrg.cache.redis;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The keys of one multi-key script call cut by Redis Cluster hash slot. A cluster runs a script
 * only on keys of one slot, and the platform's keys keep the names {@code
 * databases/redis/schemas/README.md} gives them (no hash tags), so a script over many keys runs
 * once per slot, each part on its own master. The scripts the cache runs this way ({@link
 * RedisScripts#INCREMENT_ALL}, {@link RedisScripts#COMPARE_AND_SET}) are atomic per key, which is
 * all their callers rely on.
 *
 * @param positions for each key of this group, its index in the call's keys
 * @param keys the group's keys
 * @param args the call's shared arguments, then each key's own, in the group's order
 */
record SlotGroups(int[] positions, String[] keys, String[] args) {

  /**
   * Cuts a call's keys and arguments by slot.
   *
   * @param args {@code shared} arguments first, then {@code perKey} for each key in order
   */
  static List<SlotGroups> of(String[] keys, String[] args, int shared, int perKey) {
    var bySlot = new LinkedHashMap<Integer, List<Integer>>();
    for (int i = 0; i < keys.length; i++) {
      bySlot.computeIfAbsent(SlotHash.getSlot(keys[i]), slot -> new ArrayList<>()).add(i);
    }
    var groups = new ArrayList<SlotGroups>(bySlot.size());
    for (List<Integer> members : bySlot.values()) {
      int[] positions = members.stream().mapToInt(Integer::intValue).toArray();
      String[] groupKeys = new String[positions.length];
      String[] groupArgs = new String[shared + perKey * positions.length];
      System.arraycopy(args, 0, groupArgs, 0, shared);
      for (int j = 0; j < positions.length; j++) {
        groupKeys[j] = keys[positions[j]];
        System.arraycopy(
            args, shared + perKey * positions[j], groupArgs, shared + perKey * j, perKey);
      }
      groups.add(new SlotGroups(positions, groupKeys, groupArgs));
    }
    return groups;
  }
}
